import time, os, sys
sys.path.insert(0, os.getcwd())
import numpy as np, torch, torch.nn.functional as F
import cornu
from cornu import layers, ops

def bench(fn, n=50):
    for _ in range(5): fn()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(n): fn()
    torch.cuda.synchronize(); return (time.perf_counter() - t) / n * 1e3

dev = "cuda"
for shape in [(64, 32, 32, 64), (256, 64, 128), (1024, 512)]:
    C = shape[-1]
    xn = np.random.default_rng(0).standard_normal(shape).astype("float32") * 2 + 1
    x = torch.tensor(xn, device=dev, requires_grad=True)
    bn = layers.BatchNormalization(momentum=0.0); y = bn(x, training=True)
    flat = xn.reshape(-1, C)
    ref = (xn - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3)
    print(shape, "err", float(np.abs(y.detach().cpu().numpy() - ref).max()),
          float(np.abs(bn.moving_variance.numpy() - flat.var(0)).max() / flat.var(0).max()),
          "contig", y.is_contiguous())
    tbn = torch.nn.BatchNorm2d(C, eps=1e-3, momentum=0.01).to(dev).to(memory_format=torch.channels_last)
    x4 = x.detach().reshape(shape[0], -1, 1, C).permute(0, 3, 1, 2).requires_grad_(True)
    w = torch.ones(C, device=dev, requires_grad=True); b = torch.zeros(C, device=dev, requires_grad=True)
    x2 = x.detach().reshape(-1, C).requires_grad_(True)
    print("  BN train fwd+bwd ms: cornu %.3f torch-module %.3f 2D-native %.3f" % (
        bench(lambda: bn(x, training=True).sum().backward()),
        bench(lambda: tbn(x4).sum().backward()),
        bench(lambda: torch.native_batch_norm(x2, w, b, None, None, True, 0.0, 1e-3)[0].sum().backward())))
    with torch.no_grad():
        tbn.eval()
        print("  BN infer ms: cornu %.3f torch-module %.3f" % (bench(lambda: bn(x)), bench(lambda: tbn(x4))))
        tbn.train()
x = torch.randn(64, 32, 32, 64, device=dev, requires_grad=True)
gn = layers.GroupNormalization(groups=8); gn(x)
w = torch.ones(64, device=dev, requires_grad=True); b = torch.zeros(64, device=dev, requires_grad=True)
def manual():
    g = x.reshape(64, -1, 8, 8); var, mean = torch.var_mean(g, dim=(1, 3), keepdim=True, correction=0)
    sc = torch.rsqrt(var + 1e-3) * w.reshape(1, 1, 8, 8); sh = b.reshape(1, 1, 8, 8) - mean * sc
    torch.addcmul(sh, g, sc).reshape(x.shape).sum().backward()
xg = x.detach().permute(0, 3, 1, 2).contiguous().requires_grad_(True)
print("GN fwd+bwd ms: cornu %.3f manual %.3f torch-NCHW %.3f" % (
    bench(lambda: gn(x).sum().backward()), bench(manual), bench(lambda: F.group_norm(xg, 8, w, b, 1e-3).sum().backward())))
xs = torch.randn(4, 8, device=dev); bns = layers.BatchNormalization(); bns(xs)
t = time.perf_counter()
for _ in range(300): bns(xs, training=True)
torch.cuda.synchronize(); print("BN tiny train call us %.1f" % ((time.perf_counter() - t) / 300 * 1e6))
t = time.perf_counter()
for _ in range(300): bns(xs)
torch.cuda.synchronize(); print("BN tiny infer call us %.1f" % ((time.perf_counter() - t) / 300 * 1e6))
tb = torch.nn.BatchNorm1d(8).to(dev)
t = time.perf_counter()
for _ in range(300): tb(xs)
torch.cuda.synchronize(); print("torch BN1d tiny train call us %.1f" % ((time.perf_counter() - t) / 300 * 1e6))
