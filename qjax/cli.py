"""The ``qjax`` command line: ``qjax demo``, ``qjax run`` and ``qjax info``."""

import argparse
import collections
import json
import pathlib
import platform
import re
import sys
from collections.abc import Hashable, Sequence
from importlib import metadata
from typing import Any

import jax
import numpy as np

from qjax._memory import available_bytes, max_num_wires
from qjax._version import __version__
from qjax.errors import QjaxError
from qjax.interop import MeasuredWire, QasmProgram, from_qasm
from qjax.measure import expval, probs, sample
from qjax.ops import MeasurementValue, Operator, X, Y, Z
from qjax.workflow import circuit


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


# --- qjax run ------------------------------------------------------------------------------------

PROBABILITY_SHOWN = 1e-12
"""``qjax run`` lists outcomes more likely than this (rounding leaves traces below it)."""

_PAULIS = {"X": X, "Y": Y, "Z": Z}
_PAULI_FACTOR = re.compile(r"([XYZ])(\d+)")


class _UsageError(Exception):
    """A command-line argument qjax cannot use; printed as ``qjax: error: ...``."""


def _pauli_word(spec: str, num_wires: int) -> Operator:
    """``"Z0 Z1"`` -> ``Z(0) @ Z(1)``: a product of Paulis on qubits ``q[k]``."""
    factors = spec.split()
    matches = [_PAULI_FACTOR.fullmatch(f) for f in factors]
    if not factors or None in matches:
        raise _UsageError(f'--expval takes Pauli words such as "Z0 Z1" or "X2", got {spec!r}')
    wires = [int(m[2]) for m in matches]  # type: ignore[index]
    if max(wires) >= num_wires or len(set(wires)) != len(wires):
        raise _UsageError(f"--expval {spec!r} needs distinct qubits below {num_wires}")
    operators = [_PAULIS[m[1]](w) for m, w in zip(matches, wires, strict=True)]  # type: ignore[index]
    product = operators[0]
    for factor in operators[1:]:
        product = product @ factor
    return product


def _inputs(specs: Sequence[str], program: QasmProgram) -> dict[str, float]:
    """``["theta=0.3"]`` -> ``{"theta": 0.3}``, checked against the program's inputs."""
    values = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise _UsageError(f"--input takes NAME=NUMBER, got {spec!r}") from None
    unknown = sorted(set(values) - set(program.inputs))
    missing = [name for name in program.inputs if name not in values]
    if unknown or missing:
        raise _UsageError(
            f"the program's inputs are {list(program.inputs)}; "
            + (f"unknown: {unknown}" if unknown else f"give --input for {missing}")
        )
    return values


def _bit_wire(bit: object) -> Hashable | None:
    """The wire that holds a classical bit's value, ``None`` for a bit never measured."""
    if isinstance(bit, MeasuredWire):
        return bit.wire
    if isinstance(bit, MeasurementValue):
        return bit.wires[0]
    return None


def _outcome_labels(
    registers: dict[str, tuple[object, ...]], wires: list[Hashable], values: np.ndarray
) -> list[str]:
    """One label per row of bit ``values`` (columns in ``wires`` order), registers MSB first."""
    column = {w: k for k, w in enumerate(wires)}
    labels = []
    for row in values:
        parts = []
        for bits in registers.values():
            held = [_bit_wire(b) for b in reversed(bits)]
            parts.append("".join("0" if w is None else str(int(row[column[w]])) for w in held))
        labels.append(" ".join(parts))
    return labels


def _program_circuit(program: QasmProgram, args: argparse.Namespace) -> tuple[Any, dict]:
    """The program as a circuit function returning what the arguments ask for, and its layout.

    The layout (filled in when the circuit is recorded) holds the classical
    registers and the wires that hold their bits.
    """
    inputs = _inputs(args.input, program)
    observables = {spec: _pauli_word(spec, program.num_wires) for spec in args.expval}
    layout: dict[str, Any] = {}

    def run() -> dict[str, Any]:
        registers = program(**inputs)
        held = (_bit_wire(bit) for bits in registers.values() for bit in bits)
        wires = list(dict.fromkeys(w for w in held if w is not None))
        layout.update(registers=registers, wires=wires)
        readouts: dict[str, Any] = {name: expval(o) for name, o in observables.items()}
        if args.probs:
            readouts["probabilities"] = probs()
        if wires and not (args.probs or observables):
            readouts["outcomes"] = sample(wires=wires) if args.shots else probs(wires=wires)
        if not readouts:
            readouts["probabilities"] = probs()
        return readouts

    return circuit(run, wires=program.num_wires, shots=args.shots), layout


def _report(
    program: QasmProgram, args: argparse.Namespace, values: dict[str, Any], layout: dict
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "file": args.file,
        "openqasm": program.version,
        "qubits": program.num_wires,
        "shots": args.shots,
        "seed": args.seed if args.shots else None,
    }
    if args.expval:
        report["expval"] = {spec: float(values[spec]) for spec in args.expval}
    if "probabilities" in values:
        table = np.asarray(values["probabilities"])
        report["probabilities"] = {
            format(k, f"0{program.num_wires}b"): float(p)
            for k, p in enumerate(table)
            if p > PROBABILITY_SHOWN
        }
    if "outcomes" in values:
        report["outcomes"] = _outcomes(values["outcomes"], layout, args.shots)
    return report


def _outcomes(readout: Any, layout: dict, shots: int | None) -> dict[str, float]:
    registers, wires = layout["registers"], layout["wires"]
    if shots:
        labels = _outcome_labels(registers, wires, np.asarray(readout))
        return dict(sorted(collections.Counter(labels).items()))
    table = np.asarray(readout)
    rows = (np.arange(len(table))[:, None] >> np.arange(len(wires))[::-1]) & 1
    totals: dict[str, float] = collections.defaultdict(float)
    for label, p in zip(_outcome_labels(registers, wires, rows), table, strict=True):
        if p > PROBABILITY_SHOWN:
            totals[label] += float(p)
    return dict(sorted(totals.items()))


def _print_table(report: dict[str, Any], registers: Sequence[str]) -> None:
    shots = f"{report['shots']} shots, seed {report['seed']}" if report["shots"] else "exact"
    print(f"{report['file']}: OpenQASM {report['openqasm']}, {report['qubits']} qubits, {shots}")
    for spec, value in report.get("expval", {}).items():
        print(f"<{spec}> = {value:.6f}")
    sections = (("probabilities", "qubits q[0]..q[n-1]"), ("outcomes", " ".join(registers)))
    for key, heading in sections:
        if key in report:
            column = "count" if report["shots"] and key == "outcomes" else "probability"
            width = max([len(heading), *map(len, report[key])])
            print(f"{heading:<{width}}  {column}")
            for label, value in report[key].items():
                text = f"{value:d}" if isinstance(value, int) else f"{value:.6f}"
                print(f"{label:<{width}}  {text}")


def _run(args: argparse.Namespace) -> int:
    from qjax.drawer import draw

    try:
        program = from_qasm(pathlib.Path(args.file).read_text())
        simulate, layout = _program_circuit(program, args)
        values = simulate(key=jax.random.key(args.seed)) if args.shots else simulate()
        report = _report(program, args, values, layout)
        picture = draw(simulate)() if args.draw else None
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror}")
    except UnicodeDecodeError:
        return _fail(f"{args.file} is not UTF-8 text")
    except (QjaxError, _UsageError) as error:
        return _fail(f"{args.file}: {error}")
    if picture is not None:
        print(picture)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_table(report, list(program.bit_registers))
    return 0


def _fail(message: str) -> int:
    print(f"qjax: error: {message}", file=sys.stderr)
    return 2


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
    run = commands.add_parser(
        "run",
        help="run an OpenQASM 2 or 3 file",
        description="Runs an OpenQASM file. Prints the distribution of its classical "
        "registers (each register's bits from the highest index down, as `if (c == n)` reads "
        "them), or of the qubits when it measures nothing; or what --expval and --probs ask.",
    )
    run.add_argument("file", help="the OpenQASM 2.0 or 3 file")
    run.add_argument("--shots", type=int, default=None, help="sample this many shots (exact)")
    run.add_argument("--seed", type=int, default=0, help="random seed for the shots (0)")
    run.add_argument(
        "--expval", action="append", default=[], metavar="WORD",
        help='expectation of a Pauli word, e.g. "Z0 Z1" (repeatable)',
    )  # fmt: skip
    run.add_argument("--probs", action="store_true", help="probabilities of the qubits' states")
    run.add_argument(
        "--input", action="append", default=[], metavar="NAME=VALUE",
        help="value of an OpenQASM 3 `input float` (repeatable)",
    )  # fmt: skip
    run.add_argument("--draw", action="store_true", help="print the circuit first")
    run.add_argument("--json", action="store_true", help="print JSON instead of a table")
    run.set_defaults(run=_run)
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
    for name in ("epochs", "layers", "samples", "shots"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            return _fail(f"--{name} must be at least 1")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
