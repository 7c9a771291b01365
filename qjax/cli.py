"""The ``qjax`` command line: ``qjax demo`` and ``qjax info``."""

import argparse
import platform
import sys
from collections.abc import Sequence
from importlib import metadata

import jax
import numpy as np

from qjax._memory import available_bytes, max_num_wires
from qjax._version import __version__


def _demo(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from qjax import demo

    print(
        f"Training a {demo.NUM_QUBITS}-qubit variational classifier "
        f"({args.layers} entangling layers, Adam) on {args.samples} two-moons points"
    )
    bar = tqdm(total=args.epochs, desc="training", unit="epoch", disable=args.quiet)

    def report(epoch: int, loss: float) -> None:
        bar.update(1)
        bar.set_postfix(loss=f"{loss:.4f}")

    result = demo.train(
        epochs=args.epochs,
        num_layers=args.layers,
        num_samples=args.samples,
        seed=args.seed,
        report=report,
    )
    bar.close()
    print(f"loss: {result.losses[0]:.4f} -> {result.losses[-1]:.4f}")
    print(f"train accuracy: {result.train_accuracy:.1%}")
    print(f"test accuracy: {result.test_accuracy:.1%}")
    print(f"time: {result.seconds:.1f} s (including compilation)")
    return 0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _info(args: argparse.Namespace) -> int:
    print(f"qjax {__version__}")
    print(f"python {platform.python_version()} ({platform.machine()})")
    for package in ("jax", "jaxlib", "numpy", "optax"):
        print(f"{package} {_version(package)}")
    print(f"x64 enabled: {jax.config.jax_enable_x64}")
    for device in jax.devices():
        free = available_bytes(device)
        free_text = "unknown" if free is None else f"{free / 2**30:.1f} GiB"
        sizes = ", ".join(
            f"{max_num_wires(np.dtype(dtype), device)} qubits in {dtype}"
            for dtype in ("complex64", "complex128")
        )
        print(f"device {device.id}: {device.device_kind} ({device.platform}), free {free_text}")
        print(f"  largest statevector: {sizes}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qjax", description="A JAX-native quantum simulator.")
    parser.add_argument("--version", action="version", version=f"qjax {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="train a small variational classifier")
    demo.add_argument("--epochs", type=int, default=30, help="passes over the data (30)")
    demo.add_argument("--layers", type=int, default=3, help="entangling layers (3)")
    demo.add_argument("--samples", type=int, default=200, help="points generated (200)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (0)")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.set_defaults(run=_demo)
    info = commands.add_parser("info", help="versions, devices and the largest statevector")
    info.set_defaults(run=_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the ``qjax`` command line with ``argv`` (default: ``sys.argv[1:]``).

    >>> main(["--version"])
    Traceback (most recent call last):
    ...
    SystemExit: 0
    """
    args = _parser().parse_args(argv)
    for name in ("epochs", "layers", "samples"):
        if getattr(args, name, 1) < 1:
            print(f"qjax: error: --{name} must be at least 1", file=sys.stderr)
            return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
