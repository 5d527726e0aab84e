"""The ``cornu`` command (also ``python -m cornu``).

- ``cornu run script.py [args...]``: runs a script written for Keras (``import keras``,
  ``from keras.layers.core import Dense``, ``keras.backend as K``...) on cornu, unchanged.
  ``cornu run -m package.module [args...]`` and ``cornu run -c "code"`` work as with Python.
- ``cornu info``: versions, backend, configuration and devices.
- ``cornu --version``: the cornu version.
"""

from __future__ import annotations

import importlib
import os
import platform
import runpy
import sys
import warnings

_USAGE = """usage: cornu run script.py [args...]   run a Keras script on cornu
       cornu run -m module [args...]    run a module as a script (like python -m)
       cornu run -c "code" [args...]    run a string of code (like python -c)
       cornu info                       versions, backend, configuration and devices
       cornu --version                  the cornu version
"""


def main(argv: list[str] | None = None) -> int:
    """Runs the ``cornu`` command line ``argv`` (default ``sys.argv[1:]``); returns the exit
    status.

    Example:
        >>> main(["--version"])  # doctest: +ELLIPSIS
        cornu ...
        0
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(_USAGE, end="")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command in ("--version", "-V", "version"):
        from cornu import __version__

        print(f"cornu {__version__}")
        return 0
    if command == "info":
        print(info())
        return 0
    if command == "run":
        return run(rest)
    print(f"cornu: unknown command {command!r}.\n\n{_USAGE}", end="", file=sys.stderr)
    return 2


def run(args: list[str]) -> int:
    """``cornu run``: the script, module (``-m``) or code (``-c``) in ``args``, with ``keras``
    served by cornu. Returns the exit status (the script's ``sys.exit`` code, if any)."""
    if not args or args[0] in ("-h", "--help"):
        print(_USAGE, end="")
        return 0 if args else 2
    if args[0] in ("-m", "-c") and len(args) < 2:
        print(f"cornu run: {args[0]} needs an argument.\n\n{_USAGE}", end="", file=sys.stderr)
        return 2
    from cornu import compat

    compat.install()
    # Show each Keras 1/2 deprecation once, whichever module it is attributed to.
    warnings.filterwarnings("default", category=DeprecationWarning, message=r".*Keras [0-2]")
    try:
        if args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            sys.path.insert(0, os.getcwd())
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        elif args[0] == "-c":
            sys.argv = ["-c", *args[2:]]
            sys.path.insert(0, "")
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            script = args[0]
            if not os.path.exists(script):
                print(f"cornu run: can't open file {script!r}: no such file.", file=sys.stderr)
                return 2
            sys.argv = [script, *args[1:]]
            sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
            runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        return _exit_status(stop.code)
    return 0


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def info() -> str:
    """The text ``cornu info`` prints: versions, backend, configuration and devices."""
    import numpy

    from cornu import __version__, backend
    from cornu.backend.config import cornu_home

    config_path = os.path.join(cornu_home(), "cornu.json")
    lines = [
        f"cornu {__version__}",
        f"python {platform.python_version()} ({platform.system()} {platform.machine()})",
        f"numpy {numpy.__version__}",
        f"backend: {backend.backend()}",
        f"floatx: {backend.floatx()}, epsilon: {backend.epsilon()}, "
        f"image_data_format: {backend.image_data_format()}",
        f"config file: {config_path} ({'found' if os.path.exists(config_path) else 'absent'})",
    ]
    try:
        engine = importlib.import_module(f"cornu.backend.{backend.backend()}.info").engine_info()
    except (ImportError, AttributeError) as err:
        lines.append(f"engine: unavailable ({err})")
    else:
        extra = "".join(f", {k} {engine[k]}" for k in ("cuda", "cudnn") if k in engine)
        lines.append(f"engine: {engine['engine']} {engine['version']}{extra}, "
                     f"{engine['threads']} CPU threads")
        lines.append(f"devices: {'; '.join(engine['devices'])}")
        lines.append(f"default device: {backend.default_device()}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
