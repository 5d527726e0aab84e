"""GPU check for the normalization engine ops: correctness vs CPU, speed vs torch modules."""
import time, os, sys
sys.path.insert(0, os.getcwd())
import numpy as np, torch
import cornu
from cornu import layers, ops

def bench(fn, n=50):
    for _ in range(5): fn()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(n): fn()
    torch.cuda.synchronize(); return (time.perf_counter() - t) / n * 1e3

dev = "cuda"
x_np = np.random.default_rng(0).standard_normal((64, 32, 32, 64)).astype("float32")
x = torch.tensor(x_np, device=dev, requires_grad=True)
# correctness on GPU vs numpy
bn = layers.BatchNormalization(momentum=0.0)
y = bn(x, training=True)
flat = x_np.reshape(-1, 64)
print("bn train max err", float((y.detach().cpu().numpy() - (x_np - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3)).__abs__().max()))
print("bn moving var err", float(np.abs(bn.moving_variance.numpy() - flat.var(0)).max()))
gn = layers.GroupNormalization(groups=8); ln = layers.LayerNormalization()
for name, lay in [("gn", gn), ("ln", ln)]:
    lay(x)
print("devices", y.device, bn.gamma.device)

tbn = torch.nn.BatchNorm2d(64, eps=1e-3, momentum=0.01).to(dev).to(memory_format=torch.channels_last)
xc = x.detach().permute(0, 3, 1, 2).requires_grad_(True)  # NCHW view, channels_last format
def cornu_bn():
    bn(x, training=True).sum().backward()
def torch_bn():
    tbn(xc).sum().backward()
print("BN train fwd+bwd ms: cornu %.3f torch(channels_last) %.3f" % (bench(cornu_bn), bench(torch_bn)))
def cornu_bn_inf():
    with torch.no_grad(): bn(x, training=False)
def torch_bn_inf():
    tbn.eval()
    with torch.no_grad(): tbn(xc)
    tbn.train()
print("BN infer ms: cornu %.3f torch %.3f" % (bench(cornu_bn_inf), bench(torch_bn_inf)))
tgn = torch.nn.GroupNorm(8, 64, eps=1e-3).to(dev)
xg = x.detach().permute(0, 3, 1, 2).contiguous().requires_grad_(True)
print("GN fwd+bwd ms: cornu(NHWC) %.3f torch(NCHW contiguous) %.3f" % (
    bench(lambda: gn(x).sum().backward()), bench(lambda: tgn(xg).sum().backward())))
tln = torch.nn.LayerNorm(64, eps=1e-3).to(dev)
print("LN fwd+bwd ms: cornu %.3f torch %.3f" % (
    bench(lambda: ln(x).sum().backward()), bench(lambda: tln(x).sum().backward())))
emb = layers.Embedding(30000, 256); ids = torch.randint(0, 30000, (256, 128), device=dev)
temb = torch.nn.Embedding(30000, 256).to(dev)
emb(ids)
print("Embedding fwd+bwd ms: cornu %.3f torch %.3f" % (
    bench(lambda: emb(ids).sum().backward()), bench(lambda: temb(ids).sum().backward())))
