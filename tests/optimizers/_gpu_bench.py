# Temporary GPU micro-benchmark for the optimizer fast path (removed after use).
import math, time, torch, numpy as np, cornu
from cornu import optimizers

def bench(fn, n=200):
    for _ in range(20): fn()
    torch.cuda.synchronize(); t0 = time.perf_counter()
    for _ in range(n): fn()
    torch.cuda.synchronize(); return (time.perf_counter() - t0) / n * 1e6

def shapes_mlp(): return [(784,128),(128,),(128,256),(256,),(256,512),(512,),(512,10),(10,)]
def shapes_gpt():
    d, L, V, T = 768, 12, 32768, 1024
    s = [(V, d), (T, d)]
    for _ in range(L):
        s += [(d,), (d,), (d, 3*d), (3*d,), (d, d), (d,), (d,), (d,), (d, 4*d), (4*d,), (4*d, d), (d,)]
    return s + [(d,), (d,), (d, V), (V,)]

for label, shapes in [("mlp", shapes_mlp()), ("gpt", shapes_gpt())]:
    vs = [cornu.Variable(np.zeros(s, "float32")) for s in shapes]
    grads = [torch.randn(s, device="cuda") * 1e-3 for s in shapes]
    n = 200 if label == "mlp" else 30
    for name, kw in [("Adam", {}), ("AdamW", {}), ("SGD", {"momentum": 0.9}), ("RMSprop", {})]:
        opt = getattr(optimizers, name)(learning_rate=1e-4, **kw)
        opt.apply(grads, vs)
        print(label, name, "cornu apply us", round(bench(lambda: opt.apply(grads, vs), n), 1), "fused" if getattr(opt._fast_apply, "fused_step", None) is not None else "")
    ps = [torch.nn.Parameter(torch.zeros(s, device="cuda")) for s in shapes]
    for p, g in zip(ps, grads): p.grad = g
    for kw in [dict(fused=True), dict(foreach=True)]:
        o = torch.optim.Adam(ps, lr=1e-4, **kw); o.step()
        print(label, "torch Adam", kw, round(bench(o.step, n), 1))
    o = torch.optim.SGD(ps, lr=1e-4, momentum=0.9, foreach=True); o.step()
    print(label, "torch SGD momentum foreach", round(bench(o.step, n), 1))
    del vs, grads, ps
    torch.cuda.empty_cache()
