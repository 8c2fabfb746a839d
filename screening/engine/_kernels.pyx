# cython: language_level=3, boundscheck=False, wraparound=False
"""Candidate merging in C, compiled with Cython beside the mypyc build (see `compiled`).

Index._candidates merges short sorted arrays of alias ids, several per name: numpy's fixed cost
per call (tens of microseconds for np.unique, however short its input) was most of that time.
These loops do the same merges in one pass over the arrays. Each gives exactly what its numpy
twin in index.py gives, adding the same numbers in the same order, so results are the same to
the last bit (tests/screening/engine/test_compiled.py compares the two engines, and
tests/screening/engine/test_kernels.py each function with its twin).

Every array of ids is int32, every array of weights float64, each one-dimensional and
contiguous (checked: anything else raises TypeError); arrays of ids are sorted and hold each
id once, as postings do.
"""

import numpy as np

cimport numpy as cnp
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memset

cnp.import_array()

cdef enum:
    _BUCKET_BITS = 16  # index._BUCKET_BITS

cdef extern from *:
    ctypedef unsigned long long u64 "unsigned long long"
    int _lowest_bit "__builtin_ctzll"(u64 word) noexcept

ctypedef fused _key:
    int  # alias ids
    u64  # hashes of spellings


cdef inline Py_ssize_t _lower(const _key *t, Py_ssize_t n, _key key) noexcept:
    """Where `key` is or would go in the sorted `t`."""
    cdef Py_ssize_t lo = 0, hi = n, mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if t[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef inline Py_ssize_t _at(const int *a, Py_ssize_t n, int key) noexcept:
    """Where `key` is in the sorted `a`, or -1."""
    cdef Py_ssize_t lo = _lower(a, n, key)
    return lo if lo < n and a[lo] == key else -1


cdef inline int* _ids(object a, Py_ssize_t *n) except NULL:
    if not cnp.PyArray_Check(a):
        raise TypeError("an array of alias ids is expected")
    cdef cnp.ndarray arr = <cnp.ndarray>a
    if (
        cnp.PyArray_TYPE(arr) != cnp.NPY_INT32
        or cnp.PyArray_NDIM(arr) != 1
        or not cnp.PyArray_IS_C_CONTIGUOUS(arr)
    ):
        raise TypeError("alias ids must be a contiguous one-dimensional int32 array")
    n[0] = cnp.PyArray_DIM(arr, 0)
    # (an empty array's pointer is never read; it only must not be NULL, which means an error)
    return <int*>cnp.PyArray_DATA(arr) if n[0] else <int*>1


cdef inline double* _floats(object a, Py_ssize_t n) except NULL:
    if not cnp.PyArray_Check(a):
        raise TypeError("an array of weights is expected")
    cdef cnp.ndarray arr = <cnp.ndarray>a
    if (
        cnp.PyArray_TYPE(arr) != cnp.NPY_FLOAT64
        or cnp.PyArray_NDIM(arr) != 1
        or not cnp.PyArray_IS_C_CONTIGUOUS(arr)
        or cnp.PyArray_DIM(arr, 0) != n
    ):
        raise TypeError("weights must be a contiguous float64 array as long as its ids")
    return <double*>cnp.PyArray_DATA(arr) if n else <double*>1


cdef class _Heads:
    """The sorted arrays of a merge as C pointers, with a number (or two) per array, and a heap
    of the arrays by the id at their head: the least id first and, among arrays with the same
    id, the one that comes first in the list (so sums add the arrays' numbers in their order)."""

    cdef Py_ssize_t k, size, total
    cdef int **ids
    cdef double **first
    cdef double **second
    cdef double *each_a
    cdef double *each_b
    cdef Py_ssize_t *lens
    cdef Py_ssize_t *pos
    cdef Py_ssize_t *heap

    def __cinit__(self, list arrays, list first, list second, list each_a, list each_b):
        cdef Py_ssize_t j, n, k = len(arrays)
        self.k = k
        self.ids = <int**>malloc(max(k, 1) * sizeof(int*))
        self.first = <double**>malloc(max(k, 1) * sizeof(double*))
        self.second = <double**>malloc(max(k, 1) * sizeof(double*))
        self.each_a = <double*>malloc(max(k, 1) * sizeof(double))
        self.each_b = <double*>malloc(max(k, 1) * sizeof(double))
        self.lens = <Py_ssize_t*>malloc(max(k, 1) * sizeof(Py_ssize_t))
        self.pos = <Py_ssize_t*>malloc(max(k, 1) * sizeof(Py_ssize_t))
        self.heap = <Py_ssize_t*>malloc(max(k, 1) * sizeof(Py_ssize_t))
        if (
            not self.ids or not self.first or not self.second or not self.each_a
            or not self.each_b or not self.lens or not self.pos or not self.heap
        ):
            raise MemoryError()
        if len(each_a) != k or (each_b is not None and len(each_b) != k):
            raise ValueError("one number per array is expected")
        self.total = 0
        self.size = 0
        for j in range(k):
            self.ids[j] = _ids(arrays[j], &n)
            self.lens[j] = n
            self.pos[j] = 0
            self.total += n
            self.each_a[j] = each_a[j]
            self.each_b[j] = each_b[j] if each_b is not None else 0.0
            if first is not None:
                self.first[j] = _floats(first[j], n)
                self.second[j] = _floats(second[j], n)
            if n:
                self.heap[self.size] = j
                self.size += 1
        for j in range(self.size // 2 - 1, -1, -1):
            self._sift(j)

    def __dealloc__(self):
        free(self.ids)
        free(self.first)
        free(self.second)
        free(self.each_a)
        free(self.each_b)
        free(self.lens)
        free(self.pos)
        free(self.heap)

    cdef inline bint _before(self, Py_ssize_t x, Py_ssize_t y) noexcept:
        cdef int u = self.ids[x][self.pos[x]]
        cdef int v = self.ids[y][self.pos[y]]
        return u < v or (u == v and x < y)

    cdef void _sift(self, Py_ssize_t i) noexcept:
        cdef Py_ssize_t child, top = self.heap[i]
        while True:
            child = 2 * i + 1
            if child >= self.size:
                break
            if child + 1 < self.size and self._before(self.heap[child + 1], self.heap[child]):
                child += 1
            if not self._before(self.heap[child], top):
                break
            self.heap[i] = self.heap[child]
            i = child
        self.heap[i] = top

    cdef inline int top_id(self) noexcept:
        """The least id at the head of an array, or -1 when every array is spent."""
        if not self.size:
            return -1
        return self.ids[self.heap[0]][self.pos[self.heap[0]]]

    cdef inline void advance_top(self) noexcept:
        """The array at the top of the heap moves on by one id."""
        cdef Py_ssize_t j = self.heap[0]
        self.pos[j] += 1
        if self.pos[j] >= self.lens[j]:
            self.size -= 1
            self.heap[0] = self.heap[self.size]
        if self.size:
            self._sift(0)


# Scratch of the dense merges, kept for the life of the process: three numbers per alias id
# (sums, or greatest values) and a bitmap of the ids met, which is all zero between merges.
cdef double *_slots = NULL
cdef u64 *_met = NULL
cdef Py_ssize_t _room = 0  # ids the scratch has room for


cdef int _reserve(Py_ssize_t ids) except -1:
    """Room in the scratch for alias ids below `ids`."""
    global _slots, _met, _room
    if ids <= _room:
        return 0
    cdef Py_ssize_t room = max(ids, 2 * _room)
    cdef Py_ssize_t words = (room + 63) >> 6, had = (_room + 63) >> 6
    cdef double *slots = <double*>realloc(_slots, 3 * room * sizeof(double))
    if not slots:
        raise MemoryError()
    _slots = slots
    cdef u64 *met = <u64*>realloc(_met, words * sizeof(u64))
    if not met:
        raise MemoryError()
    memset(met + had, 0, (words - had) * sizeof(u64))
    _met = met
    _room = room
    return 0


cdef bint _dense(_Heads h, int *lo, int *hi):
    """Whether a merge is quicker through the scratch than through the heap: several arrays,
    and ids close enough together that the bitmap between the least and the greatest is short
    beside the ids to merge. Sets the least and greatest id."""
    cdef Py_ssize_t j
    cdef int least = 0x7FFFFFFF, most = -1
    if h.k < 2 or h.total < 32:
        return False
    for j in range(h.k):
        if h.lens[j]:
            least = min(least, h.ids[j][0])
            most = max(most, h.ids[j][h.lens[j] - 1])
    if least < 0 or ((most >> 6) - (least >> 6)) > 16 * h.total:
        return False
    lo[0] = least
    hi[0] = most
    return True


cdef inline double* _slot(int key, int cols) noexcept:
    """The scratch numbers of an id, set to 0.0 when the merge first meets it."""
    cdef Py_ssize_t w = key >> 6
    cdef u64 bit = (<u64>1) << (key & 63)
    cdef double *slot = _slots + 3 * key
    cdef int c
    if not (_met[w] & bit):
        _met[w] |= bit
        for c in range(cols):
            slot[c] = 0.0
    return slot


cdef Py_ssize_t _emit(int lo, int hi, int *ids, double *out, Py_ssize_t stride, int cols) noexcept:
    """The ids met, in order, with their numbers (`cols` of them, one column `stride` apart in
    `out`); clears the bitmap behind it. Returns how many."""
    cdef Py_ssize_t n = 0, w, c
    cdef u64 word
    cdef int key
    for w in range(lo >> 6, (hi >> 6) + 1):
        word = _met[w]
        if not word:
            continue
        _met[w] = 0
        while word:
            key = <int>((w << 6) + _lowest_bit(word))
            ids[n] = key
            for c in range(cols):
                out[c * stride + n] = _slots[3 * key + c]
            n += 1
            word &= word - 1
    return n


def accumulate(list arrays, list vals, list gains, list cvals):
    """Per alias id (sorted): the sum of `vals` of the arrays holding it, and of its entries in
    `gains` and `cvals` (index._accumulate; each sum adds the arrays' numbers in their order)."""
    cdef _Heads h = _Heads(arrays, gains, cvals, vals, None)
    cdef int lo, hi
    if _dense(h, &lo, &hi):
        return _accumulate_dense(h, lo, hi)
    ids_arr = np.empty(h.total, dtype=np.int32)
    sums = np.empty((3, h.total), dtype=np.float64)
    cdef int *ids = <int*>cnp.PyArray_DATA(ids_arr)
    cdef double *pot = <double*>cnp.PyArray_DATA(sums)
    cdef double *mpot = pot + h.total
    cdef double *chit = mpot + h.total
    cdef Py_ssize_t n = 0, p, j
    cdef int key = h.top_id()
    cdef double a, b, c
    while key >= 0:
        a = b = c = 0.0
        while h.top_id() == key:
            j = h.heap[0]
            p = h.pos[j]
            a += h.each_a[j]
            b += h.first[j][p]
            c += h.second[j][p]
            h.advance_top()
        ids[n] = key
        pot[n] = a
        mpot[n] = b
        chit[n] = c
        n += 1
        key = h.top_id()
    return ids_arr[:n], sums[0, :n], sums[1, :n], sums[2, :n]


cdef tuple _accumulate_dense(_Heads h, int lo, int hi):
    """accumulate through the scratch: each array in turn adds its numbers to those of its ids
    (so each sum adds them in the arrays' order, from 0.0, as the heap does)."""
    _reserve(hi + 1)
    cdef Py_ssize_t j, p
    cdef double a
    cdef double *slot
    cdef int *arr
    cdef double *f
    cdef double *g
    for j in range(h.k):
        arr, f, g, a = h.ids[j], h.first[j], h.second[j], h.each_a[j]
        for p in range(h.lens[j]):
            slot = _slot(arr[p], 3)
            slot[0] += a
            slot[1] += f[p]
            slot[2] += g[p]
    ids_arr = np.empty(h.total, dtype=np.int32)
    sums = np.empty((3, h.total), dtype=np.float64)
    cdef Py_ssize_t n = _emit(
        lo, hi, <int*>cnp.PyArray_DATA(ids_arr), <double*>cnp.PyArray_DATA(sums), h.total, 3
    )
    return ids_arr[:n], sums[0, :n], sums[1, :n], sums[2, :n]


cdef tuple _union_max_dense(_Heads h, int lo, int hi):
    """union_max through the scratch."""
    _reserve(hi + 1)
    cdef Py_ssize_t j, p
    cdef double a, b
    cdef double *slot
    cdef int *arr
    for j in range(h.k):
        arr, a, b = h.ids[j], h.each_a[j], h.each_b[j]
        for p in range(h.lens[j]):
            slot = _slot(arr[p], 2)
            if a > slot[0]:
                slot[0] = a
            if b > slot[1]:
                slot[1] = b
    ids_arr = np.empty(h.total, dtype=np.int32)
    cols = np.empty((2, h.total), dtype=np.float64)
    cdef Py_ssize_t n = _emit(
        lo, hi, <int*>cnp.PyArray_DATA(ids_arr), <double*>cnp.PyArray_DATA(cols), h.total, 2
    )
    return ids_arr[:n], cols[0, :n], cols[1, :n]


def union_max(list arrays, list gains, list list_w):
    """Sorted alias ids of all arrays, and per id the greatest gain and list weight of the
    arrays holding it, at least 0 (Index._lookup's merge)."""
    cdef _Heads h = _Heads(arrays, None, None, gains, list_w)
    cdef int lo, hi
    if _dense(h, &lo, &hi):
        return _union_max_dense(h, lo, hi)
    ids_arr = np.empty(h.total, dtype=np.int32)
    cols = np.empty((2, h.total), dtype=np.float64)
    cdef int *ids = <int*>cnp.PyArray_DATA(ids_arr)
    cdef double *gain = <double*>cnp.PyArray_DATA(cols)
    cdef double *weight = gain + h.total
    cdef Py_ssize_t n = 0, j
    cdef int key = h.top_id()
    cdef double a, b
    while key >= 0:
        a = b = 0.0
        while h.top_id() == key:
            j = h.heap[0]
            if h.each_a[j] > a:
                a = h.each_a[j]
            if h.each_b[j] > b:
                b = h.each_b[j]
            h.advance_top()
        ids[n] = key
        gain[n] = a
        weight[n] = b
        n += 1
        key = h.top_id()
    return ids_arr[:n], cols[0, :n], cols[1, :n]


def add_found(arr, double val, gains, cvals, ids, pot, mpot, chit):
    """For each of `ids` found in `arr`: add `val` to `pot`, and its entries in `gains` and
    `cvals` to `mpot` and `chit` (index._gather's lighter arrays, looked up only for the aliases
    the others found). `ids` need not be sorted."""
    cdef Py_ssize_t n, m
    cdef int *a = _ids(arr, &n)
    cdef double *g = _floats(gains, n)
    cdef double *c = _floats(cvals, n)
    cdef int *keys = _ids(ids, &m)
    cdef double *p = _floats(pot, m)
    cdef double *mp = _floats(mpot, m)
    cdef double *ch = _floats(chit, m)
    if not (cnp.PyArray_ISWRITEABLE(pot) and cnp.PyArray_ISWRITEABLE(mpot)
            and cnp.PyArray_ISWRITEABLE(chit)):
        raise ValueError("the sums must be writeable")
    cdef Py_ssize_t j, at
    for j in range(m):
        at = _at(a, n, keys[j])
        if at >= 0:
            p[j] += val
            mp[j] += g[at]
            ch[j] += c[at]


# the polynomial hash of index.py (_B, _B_INV): sum of code * B**position, modulo 2**64
cdef u64 _B = 0x9E3779B97F4A7C15ULL


def variant_owners(str form, list tables, u64 b_inv, int deleted=2):
    """The owners of every entry of each (sorted hashes, owners, bucket starts) table (see
    index._variant_table) whose hash is that of `form` or of a spelling of it with up to
    `deleted` letters (0, 1 or 2) taken out, in index._spellings' order: table by table, then
    the whole word, the letter left out at 0, 1..., the pairs (0, 1), (0, 2)... (1, 2)..., each
    hash's owners in table order."""
    cdef Py_ssize_t n = len(form), i, j, lo, hi, size, t
    if n >= 256:
        raise ValueError("words of 256 letters or more are not hashed")
    cdef u64 prefix[257]
    cdef u64 power = 1, whole, inv2 = b_inv * b_inv
    cdef Py_UCS4 ch
    prefix[0] = 0
    i = 0
    for ch in form:
        prefix[i + 1] = prefix[i] + (<u64>ch) * power
        power *= _B
        i += 1
    whole = prefix[n]
    cdef Py_ssize_t nkeys = 1
    if deleted >= 1:
        nkeys += n
    if deleted >= 2:
        nkeys += n * (n - 1) // 2
    cdef u64 *keys = <u64*>malloc(nkeys * sizeof(u64))
    if keys == NULL:
        raise MemoryError()
    cdef Py_ssize_t k = 0
    keys[k] = whole
    k += 1
    for i in range(n if deleted >= 1 else 0):
        keys[k] = prefix[i] + (whole - prefix[i + 1]) * b_inv
        k += 1
    for i in range(n if deleted >= 2 else 0):
        for j in range(i + 1, n):
            keys[k] = (
                prefix[i] + (prefix[j] - prefix[i + 1]) * b_inv + (whole - prefix[j + 1]) * inv2
            )
            k += 1
    cdef list out = []
    cdef cnp.ndarray hashes, owners, starts
    cdef const u64 *h
    cdef const int *o
    cdef const int *bucket
    cdef Py_ssize_t top
    try:
        for t in range(len(tables)):
            hashes, owners, starts = tables[t]
            if (
                cnp.PyArray_TYPE(hashes) != cnp.NPY_UINT64
                or cnp.PyArray_TYPE(owners) != cnp.NPY_INT32
                or cnp.PyArray_TYPE(starts) != cnp.NPY_INT32
                or not cnp.PyArray_IS_C_CONTIGUOUS(hashes)
                or not cnp.PyArray_IS_C_CONTIGUOUS(owners)
                or not cnp.PyArray_IS_C_CONTIGUOUS(starts)
                or cnp.PyArray_DIM(hashes, 0) != cnp.PyArray_DIM(owners, 0)
                or cnp.PyArray_DIM(starts, 0) != (1 << _BUCKET_BITS) + 1
            ):
                raise TypeError(
                    "a table is contiguous uint64 hashes, as many int32 owners and int32 starts"
                )
            size = cnp.PyArray_DIM(hashes, 0)
            if not size:
                continue
            h = <const u64*>cnp.PyArray_DATA(hashes)
            o = <const int*>cnp.PyArray_DATA(owners)
            bucket = <const int*>cnp.PyArray_DATA(starts)
            if bucket[1 << _BUCKET_BITS] != size:
                raise ValueError("the table's bucket starts do not match its hashes")
            for k in range(nkeys):
                top = <Py_ssize_t>(keys[k] >> (64 - _BUCKET_BITS))
                lo = bucket[top] + _lower(h + bucket[top], bucket[top + 1] - bucket[top], keys[k])
                if lo == size or h[lo] != keys[k]:
                    continue
                hi = lo
                while hi < size and h[hi] == keys[k]:
                    out.append(o[hi])
                    hi += 1
    finally:
        free(keys)
    return out


def first_bound(
    ids, pot, mpot, chit, free,
    double need, double assumed, double total, double eq, double el,
    double confidence, double bonus, double floor,
):
    """The aliases Index._candidates keeps after its first bound, as (ids, pot, mpot, uc, m,
    uq) of those kept (index._first_bound_numpy, which says what each is)."""
    cdef Py_ssize_t n, nf
    cdef int *a = _ids(ids, &n)
    cdef double *p = _floats(pot, n)
    cdef double *mp = _floats(mpot, n)
    cdef double *ch = _floats(chit, n)
    if not cnp.PyArray_Check(free):
        raise TypeError("the aliases' free weights must be an array")
    nf = cnp.PyArray_DIM(<cnp.ndarray>free, 0) if cnp.PyArray_NDIM(<cnp.ndarray>free) == 1 else -1
    cdef const double *fw = _floats(free, nf)
    ids_out = np.empty(n, dtype=np.int32)
    cols = np.empty((5, n), dtype=np.float64)
    cdef int *oi = <int*>cnp.PyArray_DATA(ids_out)
    cdef double *op = <double*>cnp.PyArray_DATA(cols)
    cdef double *omp = op + n
    cdef double *ouc = omp + n
    cdef double *om = ouc + n
    cdef double *ouq = om + n
    cdef Py_ssize_t i, k = 0
    cdef double m, uq, uc, bound
    for i in range(n):
        if need > 0 and not (p[i] >= need):
            continue
        if a[i] < 0 or a[i] >= nf:
            raise IndexError("an alias id beyond the aliases' free weights")
        m = mp[i] + assumed
        uq = total - p[i] - assumed
        if not (uq > 0.0):
            uq = 0.0
        uc = fw[a[i]] - ch[i]
        if not (uc > 0.0):
            uc = 0.0
        bound = m / (m + eq * uq + el * uc) * confidence + bonus
        if not (bound >= floor):
            continue
        oi[k] = a[i]
        op[k] = p[i]
        omp[k] = mp[i]
        ouc[k] = uc
        om[k] = m
        ouq[k] = uq
        k += 1
    return ids_out[:k], cols[0, :k], cols[1, :k], cols[2, :k], cols[3, :k], cols[4, :k]



def common_hits(ids, list common_toks):
    """Per alias of `ids`: the query weight of the common words it has, the most they can add
    to the matched score and the weight they would be matched with (index._common_hits_numpy;
    `common_toks` holds (query weight, ((postings, gain, matched weight), ...)) per word)."""
    cdef Py_ssize_t m, n, i, t, q
    cdef int *keys = _ids(ids, &m)
    out = np.zeros((3, m), dtype=np.float64)
    cdef double *found_w = <double*>cnp.PyArray_DATA(out)
    cdef double *found_gain = found_w + m
    cdef double *found_mw = found_gain + m
    cdef double w, gain, mw
    cdef double *tok_gain
    cdef double *tok_mw
    cdef const int *a
    cdef tuple postings
    for t in range(len(common_toks)):
        w = common_toks[t][0]
        postings = common_toks[t][1]
        tok = np.zeros((2, m), dtype=np.float64)
        tok_gain = <double*>cnp.PyArray_DATA(tok)
        tok_mw = tok_gain + m
        for q in range(len(postings)):
            arr, gain, mw = postings[q]
            a = _ids(arr, &n)
            for i in range(m):
                if _at(a, n, keys[i]) >= 0:
                    if gain > tok_gain[i]:
                        tok_gain[i] = gain
                    if mw > tok_mw[i]:
                        tok_mw[i] = mw
        for i in range(m):
            found_w[i] += w if tok_gain[i] > 0 else 0.0
            found_gain[i] += tok_gain[i]
            found_mw[i] += tok_mw[i]
    return out[0], out[1], out[2]


def matched_weight(ids, list arrays, list vals, list cvals):
    """Per alias of `ids`, the weight its words found would be matched with: the lesser of the
    query token's and the list word's, summed over the arrays holding it (index._matched_weight)."""
    cdef Py_ssize_t m, n, i, k, p
    cdef int *keys = _ids(ids, &m)
    out = np.zeros(m, dtype=np.float64)
    cdef double *o = <double*>cnp.PyArray_DATA(out)
    cdef const int *a
    cdef const double *cw
    cdef double qw
    for k in range(len(arrays)):
        a = _ids(arrays[k], &n)
        cw = _floats(cvals[k], n)
        qw = vals[k]
        for i in range(m):
            p = _at(a, n, keys[i])
            if p >= 0:
                o[i] += qw if qw < cw[p] else cw[p]
    return out


def intersect(a_arr, b_arr):
    """The ids in both sorted arrays (np.intersect1d with assume_unique)."""
    cdef Py_ssize_t na, nb, i = 0, j = 0, n = 0
    cdef int *a = _ids(a_arr, &na)
    cdef int *b = _ids(b_arr, &nb)
    out = np.empty(min(na, nb), dtype=np.int32)
    cdef int *o = <int*>cnp.PyArray_DATA(out) if min(na, nb) else NULL
    while i < na and j < nb:
        if a[i] < b[j]:
            i += 1
        elif b[j] < a[i]:
            j += 1
        else:
            o[n] = a[i]
            n += 1
            i += 1
            j += 1
    return out[:n]
