"""The public API and the shape of the package, checked mechanically.

- every exported name exists, is documented, and every public function has a
  runnable ``>>>`` example (STYLE.md, habits 11 and 12);
- PennyLane's aliases are the same objects as qjax's short names;
- ``qjax.__version__`` is a PEP 440 version and matches the installed metadata;
- imports point down the layers of DESIGN.md, and never into private JAX;
- no hidden jit and no global configuration (STYLE.md, habit 5).

The structural checks parse the source with ``ast``: nothing is imported or
run, and a failure names the file, the line and the offending import or call.
"""

import ast
import importlib
import importlib.metadata
import inspect
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.version import InvalidVersion, Version

import qjax
import qjax as qj
from qjax import errors

PUBLIC_NAMESPACES = (
    "qjax",
    "qjax.ops",
    "qjax.kernels",
    "qjax.templates",
    "qjax.grad",
    "qjax.optim",
)
"""The modules whose ``__all__`` is the public API."""

PACKAGE_DIR = Path(qjax.__file__).parent

LAYERS: tuple[tuple[str, ...], ...] = (
    ("qjax.errors", "qjax._dtypes", "qjax._version"),
    ("qjax.kernels", "qjax.math"),
    ("qjax.ops",),
    ("qjax.circuit", "qjax._memory"),
    ("qjax.noise",),
    ("qjax.simulate",),
    ("qjax.compile",),
    ("qjax.measure",),
    ("qjax.sampling",),
    ("qjax.grad",),
    ("qjax.workflow",),
    ("qjax.templates",),
    ("qjax.optim", "qjax.nn", "qjax.interop", "qjax.drawer"),
    ("qjax.demo",),
    ("qjax.cli",),
)
"""DESIGN.md's layers, lowest first; a package (``qjax.ops``) covers its submodules."""

EXEMPT_FROM_LAYERS = frozenset({"qjax"})
"""``qjax/__init__.py`` re-exports every layer."""

TOP_RANK = len(LAYERS)
"""The rank of ``import qjax`` itself: it loads every layer, so only the exempt may use it."""

JIT_INSIDE_FUNCTIONS_ALLOWED = frozenset({"qjax.cli", "qjax.demo"})
"""The faces may jit their own training steps, inside functions; the library never does."""

GLOBAL_CONFIGURATION = ("jax.config.update", "jax.enable_x64", "jax.experimental.enable_x64")
"""Calls that change JAX's global (or scoped-global) configuration."""


# --- source files and their imports -------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {
    _module_name(path): path
    for path in sorted(PACKAGE_DIR.rglob("*.py"))
    if "__pycache__" not in path.parts
}
"""Every module of the package, by dotted name."""


def _parse(module: str) -> ast.Module:
    return ast.parse(SOURCES[module].read_text(), filename=str(SOURCES[module]))


def _location(module: str, node: ast.AST) -> str:
    path = SOURCES[module].relative_to(PACKAGE_DIR.parent)
    return f"{path}:{getattr(node, 'lineno', '?')}"


def _imports(module: str, tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    """``(node, imported module)`` for every import, at any depth, relative ones resolved.

    ``from package import name`` counts as importing ``package.name`` when that
    is a module of qjax, else as importing ``package``.
    """
    is_package = SOURCES[module].name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                if candidate in SOURCES or source.split(".")[0] in ("jax", "jaxlib"):
                    yield node, candidate
                else:
                    yield node, source


def _rank(module: str) -> int | None:
    if module == "qjax":
        return TOP_RANK
    for rank, layer in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in layer):
            return rank
    return None


def _is_private_jax(module: str) -> bool:
    parts = module.split(".")
    if parts[0] == "jaxlib":
        return True
    return parts[0] == "jax" and any(
        part.startswith("_") and not part.startswith("__") for part in parts[1:]
    )


class _JaxReferences(ast.NodeVisitor):
    """Every dotted reference into ``jax`` (through any import alias), and whether it is
    evaluated inside a function body (decorators and defaults run at definition time)."""

    def __init__(self, tree: ast.Module):
        self.aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        root = alias.name.split(".")[0]
                        self.aliases[root] = root
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        self.aliases = {
            name: target
            for name, target in self.aliases.items()
            if target.split(".")[0] in ("jax", "jaxlib")
        }
        self.depth = 0
        self.found: list[tuple[ast.AST, str, bool, bool]] = []
        self.visit(tree)

    def _dotted(self, node: ast.AST) -> str | None:
        attributes: list[str] = []
        while isinstance(node, ast.Attribute):
            attributes.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id in self.aliases:
            return ".".join([self.aliases[node.id], *reversed(attributes)])
        return None

    def _record(self, node: ast.AST, dotted: str) -> None:
        stored = isinstance(getattr(node, "ctx", None), ast.Store)
        self.found.append((node, dotted, self.depth > 0, stored))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self.depth += 1
        for statement in node.body:
            self.visit(statement)
        self.depth -= 1

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_FunctionDef(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.depth += 1
        self.visit(node.body)
        self.depth -= 1

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self._dotted(node)
        if dotted is None:
            self.generic_visit(node)
        else:
            self._record(node, dotted)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.aliases:
            self._record(node, self.aliases[node.id])


def _layer_violations(module: str, tree: ast.Module) -> list[str]:
    if module in EXEMPT_FROM_LAYERS:
        return []
    own = _rank(module)
    found = []
    for node, imported in _imports(module, tree):
        if imported.split(".")[0] != "qjax":
            continue
        rank = _rank(imported)
        if own is not None and rank is not None and rank > own:
            found.append(
                f"{_location(module, node)}: {module} (layer {own}) imports {imported} "
                f"(layer {rank})"
            )
    return found


def _private_jax_uses(module: str, tree: ast.Module) -> list[str]:
    found = [
        f"{_location(module, node)}: imports {imported}"
        for node, imported in _imports(module, tree)
        if _is_private_jax(imported)
    ]
    found += [
        f"{_location(module, node)}: uses {dotted}"
        for node, dotted, _, _ in _JaxReferences(tree).found
        if _is_private_jax(dotted)
    ]
    return found


def _hidden_jit_and_configuration(module: str, tree: ast.Module) -> list[str]:
    found = []
    for node, dotted, in_function, stored in _JaxReferences(tree).found:
        where = _location(module, node)
        is_jit = dotted == "jax.jit" or dotted.startswith("jax.jit.")
        if is_jit and not (in_function and module in JIT_INSIDE_FUNCTIONS_ALLOWED):
            scope = "inside a function" if in_function else "at module level"
            found.append(f"{where}: jax.jit {scope}")
        if any(dotted == name or dotted.startswith(name + ".") for name in GLOBAL_CONFIGURATION):
            found.append(f"{where}: {dotted} changes global configuration")
        if stored and dotted.startswith("jax.config."):
            found.append(f"{where}: assigns {dotted}")
    return found


# --- exported names and docstrings --------------------------------------------------------


def _exports() -> dict[str, object]:
    """Every public object by a qualified name: the ``__all__`` names, the error classes,
    and what the public (non-underscore) modules define at top level.

    An object exported under several names (``qjax.X``, ``qjax.ops.X``, ``qjax.PauliX``)
    appears once, under the first.
    """
    objects: dict[str, object] = {}
    for namespace in PUBLIC_NAMESPACES:
        module = importlib.import_module(namespace)
        for name in module.__all__:
            objects[f"{namespace}.{name}"] = getattr(module, name, None)
    for name, value in vars(errors).items():
        if inspect.isclass(value) and issubclass(value, Exception):
            objects[f"qjax.errors.{name}"] = value
    for module_name in SOURCES:
        if any(part.startswith("_") for part in module_name.split(".")):
            continue
        module = importlib.import_module(module_name)
        objects[module_name] = module
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module_name:
                continue
            if inspect.isfunction(value) or inspect.isclass(value):
                objects[f"{module_name}.{name}"] = value
    first: dict[int, str] = {}
    for name, value in objects.items():
        first.setdefault(id(value), name)
    return {name: value for name, value in objects.items() if first[id(value)] == name}


def _documentable(value: object) -> bool:
    if isinstance(value, types.GenericAlias):
        return False
    return inspect.isfunction(value) or inspect.isclass(value) or inspect.ismodule(value)


def _own_doc(value: object) -> str:
    """The object's own docstring (a class does not inherit its base's)."""
    doc = vars(value).get("__doc__") if inspect.isclass(value) else value.__doc__
    return (doc or "").strip()


@pytest.mark.parametrize("namespace", PUBLIC_NAMESPACES)
def test_every_name_in_all_exists(namespace):
    module = importlib.import_module(namespace)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{namespace}.__all__ lists names it does not define: {missing}"


@pytest.mark.parametrize("namespace", PUBLIC_NAMESPACES)
def test_all_has_no_duplicates(namespace):
    names = importlib.import_module(namespace).__all__
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"{namespace}.__all__ repeats {duplicates}"


@pytest.mark.parametrize("namespace", PUBLIC_NAMESPACES)
def test_every_public_name_is_exported_explicitly(namespace):
    module = importlib.import_module(namespace)
    unlisted = [
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name not in module.__all__
    ]
    assert not unlisted, f"{namespace} binds public names missing from __all__: {unlisted}"


def test_error_classes_are_qjax_errors_and_builtin_errors():
    classes = [
        value
        for value in vars(errors).values()
        if inspect.isclass(value) and issubclass(value, Exception)
    ]
    assert errors.QjaxError in classes
    wrong = [
        cls.__name__
        for cls in classes
        if cls is not errors.QjaxError
        and not (issubclass(cls, errors.QjaxError) and issubclass(cls, (ValueError, TypeError)))
    ]
    assert not wrong, f"not both a QjaxError and a ValueError/TypeError: {wrong}"


def test_every_public_object_has_a_docstring():
    undocumented = sorted(
        name for name, value in _exports().items() if _documentable(value) and not _own_doc(value)
    )
    assert not undocumented, f"public objects without a docstring: {undocumented}"


def test_every_module_has_a_docstring():
    undocumented = [name for name in SOURCES if not ast.get_docstring(_parse(name), clean=True)]
    assert not undocumented, f"modules without a docstring: {undocumented}"


def _undocumented_members() -> list[str]:
    """Public methods and properties of public classes without a docstring.

    Inherited docstrings count: an override of a documented method is documented.
    """
    undocumented = []
    for name, value in _exports().items():
        if not inspect.isclass(value) or not value.__module__.startswith("qjax"):
            continue
        for attribute, member in vars(value).items():
            if attribute.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if isinstance(member, property):
                doc = member.__doc__ or next(
                    (
                        getattr(base, attribute).__doc__
                        for base in value.__mro__[1:]
                        if isinstance(vars(base).get(attribute), property)
                    ),
                    None,
                )
            elif inspect.isfunction(member):
                doc = inspect.getdoc(getattr(value, attribute))
            else:
                continue
            if not (doc or "").strip():
                undocumented.append(f"{name}.{attribute}")
    return sorted(undocumented)


def test_every_public_method_and_property_has_a_docstring():
    undocumented = _undocumented_members()
    assert not undocumented, f"public methods and properties without a docstring: {undocumented}"


def test_every_public_function_has_an_example():
    without = sorted(
        name
        for name, value in _exports().items()
        if inspect.isfunction(value) and ">>>" not in _own_doc(value)
    )
    assert not without, f"public functions without a >>> example: {without}"


# --- aliases and version ------------------------------------------------------------------


@pytest.mark.parametrize(
    "alias, name",
    [("PauliX", "X"), ("PauliY", "Y"), ("PauliZ", "Z"), ("Hadamard", "H"), ("Identity", "I")],
)
@pytest.mark.parametrize("namespace", ["qjax", "qjax.ops"])
def test_pennylane_aliases_are_the_same_objects(namespace, alias, name):
    module = importlib.import_module(namespace)
    assert getattr(module, alias) is getattr(module, name)
    assert alias in module.__all__ and name in module.__all__


def test_aliases_make_the_same_operators():
    assert repr(qj.PauliX(0)) == repr(qj.X(0)) == "X(wires=[0])"
    assert repr(qj.Hadamard(1)) == "H(wires=[1])"


def test_version_is_pep_440():
    try:
        version = Version(qjax.__version__)
    except InvalidVersion:
        pytest.fail(f"qjax.__version__ = {qjax.__version__!r} is not a PEP 440 version")
    assert str(version) == qjax.__version__, "the version is not in PEP 440 normal form"


def test_version_matches_the_installed_distribution():
    installed = importlib.metadata.version("qjax")
    assert installed == qjax.__version__, (
        f"qjax.__version__ is {qjax.__version__} but the installed metadata says {installed}; "
        "reinstall (pip install -e .)"
    )


# --- layers, private JAX, hidden jit ------------------------------------------------------


def test_every_module_has_a_layer():
    unplaced = [name for name in SOURCES if name not in EXEMPT_FROM_LAYERS and _rank(name) is None]
    assert not unplaced, (
        f"modules missing from LAYERS (place them in DESIGN.md's order): {unplaced}"
    )


def test_imports_point_down_the_layers():
    violations = [line for module in SOURCES for line in _layer_violations(module, _parse(module))]
    assert not violations, "imports against the layers:\n" + "\n".join(violations)


def test_no_private_jax_api():
    uses = [line for module in SOURCES for line in _private_jax_uses(module, _parse(module))]
    assert not uses, "private JAX APIs used:\n" + "\n".join(uses)


def test_no_hidden_jit_and_no_global_configuration():
    found = [
        line for module in SOURCES for line in _hidden_jit_and_configuration(module, _parse(module))
    ]
    assert not found, "hidden jit or global configuration:\n" + "\n".join(found)


# --- the checkers themselves --------------------------------------------------------------

_BAD_SOURCE = """
import jax
import jax.numpy as jnp
from jax import jit as compile_it, config
from jax._src import core
import jaxlib.xla_client

from qjax import workflow
from . import _gates

step = jax.jit(lambda x: x)
jax.config.update("jax_enable_x64", True)
config.update("jax_platforms", "cpu")
jax.config.jax_default_matmul_precision = "highest"


@compile_it
def f(x):
    return jax._src.core.Tracer


def g(x):
    return jax.jit(jnp.sin)(x)
"""


@pytest.fixture
def bad_module(monkeypatch):
    """A fake ``qjax.ops._bad`` with every violation, checked as if it were in the package."""
    name = "qjax.ops._bad"
    path = SOURCES["qjax.ops._gates"].with_name("_bad.py")
    monkeypatch.setitem(SOURCES, name, path)
    return name, ast.parse(_BAD_SOURCE)


def test_the_checkers_find_every_violation(bad_module):
    name, tree = bad_module
    layers = _layer_violations(name, tree)
    assert len(layers) == 1 and "imports qjax.workflow (layer" in layers[0]

    private = "\n".join(_private_jax_uses(name, tree))
    assert "imports jax._src.core" in private
    assert "imports jaxlib.xla_client" in private
    assert "uses jax._src.core.Tracer" in private

    hidden = "\n".join(_hidden_jit_and_configuration(name, tree))
    assert hidden.count("jax.jit at module level") == 2  # the call and the decorator
    assert "jax.jit inside a function" in hidden
    assert hidden.count("jax.config.update changes global configuration") == 2
    assert "assigns jax.config.jax_default_matmul_precision" in hidden


def test_the_jit_checker_allows_jit_inside_functions_of_the_faces(bad_module):
    _, tree = bad_module
    hidden = "\n".join(_hidden_jit_and_configuration("qjax.demo", tree))
    assert "jax.jit inside a function" not in hidden
    assert hidden.count("jax.jit at module level") == 2
