#!/usr/bin/env bash
# Every GPU measurement the open issues wait for, in one device call (about 9 minutes):
#   run(command="bash benchmarks/gpu_session.sh", carry=[".whl"], timeout_s=600)
# .whl holds keras 3.15.1, namex and optree (see the device README: `pip download`).
# Logs land in $OUT: run_gpu.txt (issue 8 table; the cornu-jit/cornu-graphs columns decide
# jit_compile="auto" on a GPU), apps.txt (issue 9), profile_cnn.txt / profile_lstm.txt
# (issue 3: where cornu's cnn/lstm steps lose to hand-written torch).
set -u
OUT=${OUT:-/tmp/gpu_session}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$OUT/device.txt"
python3 -c "import torch, sys; print(sys.version.split()[0], 'torch', torch.__version__)" \
  | tee -a "$OUT/device.txt"
timeout 330 python3 benchmarks/run_gpu.py \
  --impls torch,torch-compile,keras,keras-jax,cornu,cornu-jit,cornu-graphs \
  2>&1 | tee "$OUT/run_gpu.txt"
timeout 150 python3 benchmarks/apps_inference.py 2>&1 | tee "$OUT/apps.txt"
timeout 50 python3 benchmarks/profile_gpu.py --case cnn --rows 25 2>&1 | tee "$OUT/profile_cnn.txt"
timeout 50 python3 benchmarks/profile_gpu.py --case lstm --rows 25 2>&1 \
  | tee "$OUT/profile_lstm.txt"
