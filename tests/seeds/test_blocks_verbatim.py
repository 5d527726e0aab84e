"""The stored seed blocks are the seed documents' code blocks, byte for byte.

The seed documents live beside the repository (``../shared/seeds``, or
``$CORNU_SEEDS_DIR``); where they are absent (CI) only the stored copies are checked.
"""

import pytest
from _seedlib import BLOCKS, SEED_FILES, SEEDS, extract_blocks

# Code blocks per seed document; every one has a test in test_seed_<seed>*.py.
COUNTS = {"000": 6, "001": 13, "002": 6, "003": 20, "004": 8}


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_block_is_stored(seed):
    stored = sorted(BLOCKS.glob(f"s{seed}_b*.txt"))
    assert [p.name for p in stored] == [f"s{seed}_b{i:02d}.txt" for i in range(COUNTS[seed])]


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_stored_blocks_match_the_seed_document(seed):
    path = SEEDS / SEED_FILES[seed]
    if not path.exists():
        pytest.skip(f"the seed document {path} is not available here")
    blocks = extract_blocks(path.read_text(encoding="utf-8"), seed)
    assert len(blocks) == COUNTS[seed]
    for i, text in enumerate(blocks):
        assert (BLOCKS / f"s{seed}_b{i:02d}.txt").read_text(encoding="utf-8") == text, i
