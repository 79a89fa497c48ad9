"""Near-duplicate (syndicated copy) detection: MinHash signatures of word shingles and LSH band keys (datasketch).

An article's signature is computed once from its body. Its LSH band keys are stored as rows
(`landing.story_bands`), so a new article finds its candidate copies with one equality join on (band, bucket):
an index lookup, not a comparison with every stored article. Candidates are confirmed by the estimated Jaccard
similarity of the two signatures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from orchestration.lib.stories.shingles import SHINGLE_SIZE, shingles

NUM_PERM = 128
MINHASH_SEED = 1
# Two bodies whose shingle sets have at least this Jaccard similarity are copies of one text.
COPY_THRESHOLD = 0.5
# datasketch picks the (bands, rows) split that balances false positives and negatives around the threshold.
_LSH = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=NUM_PERM)
BANDS: int = _LSH.b
ROWS: int = _LSH.r
_HASH_RANGES: list[tuple[int, int]] = list(_LSH.hashranges)
COPIES_VERSION = f"minhash{NUM_PERM}-seed{MINHASH_SEED}-w{SHINGLE_SIZE}-b{BANDS}r{ROWS}"


# The permutations depend only on NUM_PERM and the seed; drawing them again for every body took a fifth of the
# signature's time.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)


def minhash(body: str) -> MinHash:
    """The MinHash of the body's word shingles."""
    digest = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    grams = shingles(body)
    if grams:
        digest.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return digest


def signature(body: str) -> np.ndarray:
    """The MinHash values as unsigned 32-bit integers (datasketch keeps them below 2**32)."""
    return minhash(body).hashvalues.astype(np.uint32)


def to_blob(values: np.ndarray) -> bytes:
    return values.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def as_minhash(values: np.ndarray) -> MinHash:
    """A datasketch MinHash holding stored values (for datasketch's in-memory LSH)."""
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashvalues=values.astype(np.uint64))


def band_keys(values: np.ndarray) -> list[tuple[int, int]]:
    """(band, bucket) of each LSH band: two signatures share a bucket in a band when all its rows agree."""
    keys = []
    for band, (start, end) in enumerate(_HASH_RANGES):
        digest = hashlib.blake2b(values[start:end].astype("<u4").tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "little", signed=True)))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)


def shares_a_bucket(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    return not set(a).isdisjoint(b)
