"""The ``qjax`` command line: ``qjax demo`` and ``qjax info``."""

import argparse
import pathlib
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

    output = pathlib.Path(args.output_dir)
    print(
        f"Training a hybrid classifier: dense layer, {demo.NUM_QUBITS}-qubit quantum layer "
        f"({args.layers} entangling layers), dense read-out; Adam on {args.samples} "
        f"two-moons points. Checkpoints and plot in {output}/"
    )
    bar = tqdm(total=args.epochs, desc="training", unit="epoch", disable=args.quiet)

    def report(epoch: int, metrics: dict[str, float]) -> None:
        if bar.n == 0 and epoch > 0:
            bar.update(epoch)
        bar.update(1)
        bar.set_postfix(loss=f"{metrics['loss']:.4f}", test=f"{metrics['test_accuracy']:.0%}")
        if not args.quiet:
            bar.write(
                f"epoch {epoch + 1:3d}  loss {metrics['loss']:.4f}  "
                f"train {metrics['train_accuracy']:.1%}  test {metrics['test_accuracy']:.1%}"
            )

    result = demo.train(
        epochs=args.epochs,
        num_layers=args.layers,
        num_samples=args.samples,
        seed=args.seed,
        checkpoint_dir=output / "checkpoints",
        resume=args.resume,
        report=report,
    )
    bar.close()
    if result.resumed_from >= args.epochs:
        print(f"the checkpoint already holds all {result.resumed_from} epochs")
    elif result.resumed_from:
        print(f"resumed after epoch {result.resumed_from}")
    plot = output / "training.png"
    demo.save_plot(result, plot)
    print(f"loss: {result.losses[0]:.4f} -> {result.losses[-1]:.4f}")
    print(f"train accuracy: {result.train_accuracy:.1%}")
    print(f"test accuracy: {result.test_accuracy:.1%}")
    print(f"time: {result.seconds:.1f} s (including compilation)")
    print(f"plot: {plot}")
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
    demo = commands.add_parser("demo", help="train a hybrid quantum-classical classifier")
    demo.add_argument("--epochs", type=int, default=30, help="passes over the data (30)")
    demo.add_argument("--layers", type=int, default=3, help="entangling layers (3)")
    demo.add_argument("--samples", type=int, default=200, help="points generated (200)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (0)")
    demo.add_argument("--quiet", action="store_true", help="no progress bar or epoch lines")
    demo.add_argument(
        "--output-dir", default="qjax-demo", help="checkpoints and plot (./qjax-demo)"
    )
    demo.add_argument(
        "--resume", action="store_true", help="continue from the newest checkpoint there"
    )
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
