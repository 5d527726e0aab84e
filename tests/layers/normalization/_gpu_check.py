import time, os, sys
sys.path.insert(0, os.getcwd())
import torch, torch.nn.functional as F
import cornu
from cornu import layers, ops

def bench(fn, n=50):
    for _ in range(5): fn()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(n): fn()
    torch.cuda.synchronize(); return (time.perf_counter() - t) / n * 1e3

dev = "cuda"
C = 64
x = torch.randn(64, 32, 32, C, device=dev, requires_grad=True)
w = torch.ones(C, device=dev, requires_grad=True); b = torch.zeros(C, device=dev, requires_grad=True)
rm = torch.zeros(C, device=dev); rv = torch.ones(C, device=dev)
v4 = lambda: x.permute(0, 3, 1, 2)
print("train 4D view F.batch_norm      %.3f" % bench(lambda: F.batch_norm(v4(), rm, rv, w, b, True, 0.01, 1e-3).sum().backward()))
print("train 4D view native            %.3f" % bench(lambda: torch.native_batch_norm(v4(), w, b, None, None, True, 0.0, 1e-3)[0].sum().backward()))
print("train 2D reshape native         %.3f" % bench(lambda: torch.native_batch_norm(x.reshape(-1, C), w, b, None, None, True, 0.0, 1e-3)[0].sum().backward()))
print("train 2D reshape F.batch_norm   %.3f" % bench(lambda: F.batch_norm(x.reshape(-1, C), rm, rv, w, b, True, 0.01, 1e-3).sum().backward()))
print("train 4D _legit                 %.3f" % bench(lambda: torch._native_batch_norm_legit(v4(), w, b, rm, rv, True, 0.0, 1e-3)[0].sum().backward()))
with torch.no_grad():
    print("infer 4D view F.batch_norm  %.3f" % bench(lambda: F.batch_norm(v4(), rm, rv, w, b, False, 0.0, 1e-3)))
    print("infer 2D F.batch_norm       %.3f" % bench(lambda: F.batch_norm(x.reshape(-1, C), rm, rv, w, b, False, 0.0, 1e-3)))
    bn = layers.BatchNormalization(); bn(x)
    print("infer cornu layer           %.3f" % bench(lambda: bn(x)))
    print("infer ops.batch_norm_inference %.3f" % bench(lambda: ops.batch_norm_inference(x, rm, rv, w, b, 3, 1e-3)))
    xs = torch.randn(4, 8, device=dev); bns = layers.BatchNormalization(); bns(xs)
    print("infer cornu tiny (overhead) %.3f" % bench(lambda: bns(xs), 200))
    t = time.perf_counter()
    for _ in range(200): bns(xs, training=True)
    torch.cuda.synchronize(); print("train cornu tiny (overhead) %.3f" % ((time.perf_counter() - t) / 200 * 1e3))
print("GN torch group_norm on channels_last view %.3f" % bench(lambda: F.group_norm(v4(), 8, w, b, 1e-3).sum().backward()))
print("GN cornu engine                         %.3f" % bench(lambda: ops.group_normalization(x, 8, w, b, -1, 1e-3).sum().backward()))
xg = x.detach().permute(0, 3, 1, 2).contiguous().requires_grad_(True)
print("GN torch NCHW                            %.3f" % bench(lambda: F.group_norm(xg, 8, w, b, 1e-3).sum().backward()))
