"""The engine compiled to C with mypyc, used when a build of these very sources is present.

The engine's modules are ordinary typed Python. `python -m screening.engine.compiled` (run by
`make install`) compiles them with mypyc, mypy's compiler, and the candidate-merging loops of
`_kernels.pyx` with Cython (index.py does those merges with numpy when they are not built),
into extension modules under `build/engine/` (or $SCREENING_ENGINE_BUILD), beside a digest of
the sources they were made from. On import, the package puts that directory first on its
`__path__` when the digest matches the sources, so the same code runs compiled; it runs as
plain Python when there is no build, when the sources changed since it was made, or when
$SCREENING_ENGINE_NATIVE is "0".
Results are the same either way (tests/screening/engine/test_compiled.py compares them).

This module and the package's `__init__` are never compiled: they choose what to load.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import os
import shutil
import sys
import tempfile
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO = _PACKAGE_DIR.parents[1]
# not compiled: they choose what to load
_LOADERS = ("__init__.py", "compiled.py")
_DIGEST_FILE = "SOURCE_DIGEST"
_PACKAGE = "screening.engine"
_GROUP = "screening_engine"  # the shared library holding the compiled code


_MYPY_CONFIG = """[mypy]
python_version = 3.11
ignore_missing_imports = True
disallow_untyped_defs = True
check_untyped_defs = True
"""


def build_dir() -> Path:
    return Path(os.environ.get("SCREENING_ENGINE_BUILD") or _REPO / "build" / "engine")


def compiled_sources() -> list[Path]:
    return sorted(p for p in _PACKAGE_DIR.glob("*.py") if p.name not in _LOADERS)


def kernel_sources() -> list[Path]:
    """Modules written for Cython (C loops the engine uses when built, see _kernels.pyx)."""
    return sorted(_PACKAGE_DIR.glob("*.pyx"))


def source_digest() -> str:
    """What a build is made from: every module compiled, and the Python it was compiled for."""
    h = hashlib.sha256(sys.implementation.cache_tag.encode())
    for path in compiled_sources() + kernel_sources():
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _build_is_current(where: Path) -> str:
    """ "" when `where` holds a build of the present sources, else why it cannot be used."""
    digest = where / _DIGEST_FILE
    if not digest.is_file():
        return f"not built (no compiled engine in {where}; `make install` builds it)"
    if digest.read_text(encoding="ascii").strip() != source_digest():
        return "out of date (the sources changed since it was built; `make install` rebuilds it)"
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    modules = _modules_dir(where)
    sources = compiled_sources() + kernel_sources()
    missing = [p.stem for p in sources if not (modules / (p.stem + suffix)).is_file()]
    if missing:
        return f"incomplete (no compiled {', '.join(missing)})"
    return ""


def _modules_dir(where: Path) -> Path:
    """Where a build in `where` holds the package's compiled modules."""
    return where.joinpath(*_PACKAGE.split("."))


def activate(package_path: list[str]) -> str:
    """Put a current build first on the package's path; say which engine will run."""
    if os.environ.get("SCREENING_ENGINE_NATIVE", "1").strip().lower() in {"0", "false", "no"}:
        return "Python (SCREENING_ENGINE_NATIVE=0)"
    where = build_dir()
    why_not = _build_is_current(where)
    if why_not:
        return f"Python: compiled engine {why_not}"
    package_path.insert(0, str(_modules_dir(where)))
    if str(where) not in sys.path:
        sys.path.append(str(where))  # for the shared library the modules import
    return "compiled"


def build(verbose: bool = False) -> Path:
    """Compile the engine into a new directory, then put it in place of the old build.

    Running processes keep the files they loaded: the old directory is renamed away, not written
    over (writing into a shared library a process has mapped can crash it).
    """
    import numpy as np
    from Cython.Build import cythonize  # the build needs Cython and mypy; the engine does not
    from mypyc.build import mypycify
    from setuptools import Distribution, Extension

    target = build_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".engine-build-", dir=target.parent))
    digest = source_digest()  # before compiling: a file edited meanwhile makes the build stale
    cwd = Path.cwd()
    try:
        # the engine's own type-checking rules, not the project's (no Django plugins: it has none)
        config = work / "mypy.ini"
        config.write_text(_MYPY_CONFIG, encoding="utf-8")
        os.chdir(_REPO)  # mypyc names the modules by their paths from here
        args = ["--config-file", str(config)]
        args += [str(p.relative_to(_REPO)) for p in compiled_sources()]
        modules = mypycify(
            args, opt_level="3", target_dir=str(work / "c"), group_name=_GROUP, verbose=verbose
        )
        kernels = [
            Extension(
                f"{_PACKAGE}.{p.stem}",
                [str(p.relative_to(_REPO))],
                include_dirs=[np.get_include()],
                # (no fused multiply-adds: the same sums as numpy, to the last bit)
                extra_compile_args=["-O3", "-ffp-contract=off"],
            )
            for p in kernel_sources()
        ]
        modules += cythonize(kernels, build_dir=str(work / "cy"), quiet=not verbose)
        dist = Distribution({"name": _GROUP, "ext_modules": modules})
        cmd = dist.get_command_obj("build_ext")
        cmd.build_lib = str(work / "lib")  # type: ignore[attr-defined]
        cmd.build_temp = str(work / "temp")  # type: ignore[attr-defined]
        dist.run_command("build_ext")
        lib = work / "lib"
        (lib / _DIGEST_FILE).write_text(digest + "\n", encoding="ascii")
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        lib.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    why_not = _build_is_current(target)
    if why_not:
        raise RuntimeError(f"the compiled engine is {why_not}")
    return target


if __name__ == "__main__":
    print(f"compiled engine built in {build('-v' in sys.argv[1:])}")
