# Types of the merges in C (_kernels.pyx), for mypy and mypyc.
import numpy as np
import numpy.typing as npt

_Ids = npt.NDArray[np.int32]
_Floats = npt.NDArray[np.float64]

def accumulate(
    arrays: list[_Ids], vals: list[float], gains: list[_Floats], cvals: list[_Floats]
) -> tuple[_Ids, _Floats, _Floats, _Floats]: ...
def union_max(
    arrays: list[_Ids], gains: list[float], list_w: list[float]
) -> tuple[_Ids, _Floats, _Floats]: ...
def add_found(
    arr: _Ids,
    val: float,
    gains: _Floats,
    cvals: _Floats,
    ids: _Ids,
    pot: _Floats,
    mpot: _Floats,
    chit: _Floats,
) -> None: ...
def variant_owners(
    form: str,
    tables: list[tuple[npt.NDArray[np.uint64], _Ids, _Ids]],
    b_inv: int,
    deleted: int = 2,
) -> list[int]: ...
def first_bound(
    ids: _Ids,
    pot: _Floats,
    mpot: _Floats,
    chit: _Floats,
    free: _Floats,
    need: float,
    assumed: float,
    total: float,
    eq: float,
    el: float,
    confidence: float,
    bonus: float,
    floor: float,
) -> tuple[_Ids, _Floats, _Floats, _Floats, _Floats, _Floats]: ...
def common_hits(
    ids: _Ids, common_toks: list[tuple[float, tuple[tuple[_Ids, float, float], ...]]]
) -> tuple[_Floats, _Floats, _Floats]: ...
def matched_weight(
    ids: _Ids, arrays: list[_Ids], vals: list[float], cvals: list[_Floats]
) -> _Floats: ...
def intersect(a_arr: _Ids, b_arr: _Ids) -> _Ids: ...
