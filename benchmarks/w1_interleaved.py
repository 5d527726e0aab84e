"""W1 (seed linear regression, batch 2) for cornu and hand-written torch, interleaved in one
process, 1 torch thread: less sensitive to a loaded machine than separate processes.

Run: OMP_WAIT_POLICY=PASSIVE python benchmarks/w1_interleaved.py [repeats]
"""
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
torch.set_num_threads(1)
import cornu
from cornu import layers
rng=np.random.default_rng(0)
X = rng.random((100, 2)); y = 2*X[:,0]+3*X[:,1]+4+.2*rng.standard_normal(100)
m = cornu.Sequential([layers.Dense(1, input_shape=(2,))])
m.compile(loss="mse", optimizer=cornu.optimizers.SGD(learning_rate=0.1))
Xt=torch.tensor(X,dtype=torch.float32); yt=torch.tensor(y,dtype=torch.float32).reshape(-1,1)
lin=torch.nn.Linear(2,1); opt=torch.optim.SGD(lin.parameters(), lr=0.1)
def torch_fit(epochs):
    for e in range(epochs):
        perm=torch.randperm(100); xs=Xt[perm]; ys=yt[perm]
        for i in range(0,100,2):
            opt.zero_grad(set_to_none=True)
            loss=torch.nn.functional.mse_loss(lin(xs[i:i+2]), ys[i:i+2]); loss.backward(); opt.step()
def cornu_fit(epochs):
    m.fit(X, y, epochs=epochs, batch_size=2, verbose=0)
res={"torch":[], "cornu":[]}
for r in range(int(sys.argv[1]) if len(sys.argv)>1 else 7):
    for name, f in (("torch", torch_fit), ("cornu", cornu_fit)):
        t=time.perf_counter(); f(10); res[name].append((time.perf_counter()-t)/500*1e6)
for k,v in res.items(): print(k, "min %.1f median %.1f us/step" % (min(v), sorted(v)[len(v)//2]))
