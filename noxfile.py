"""Development sessions: ``nox`` runs tests, lint and typecheck; ``nox -s docs build bench`` too."""

from __future__ import annotations

import glob
import zipfile

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite against the installed package (not the source tree)."""
    session.install(".[tests]")
    session.run("pytest", *session.posargs)


@nox.session(venv_backend="uv")
def lowest(session: nox.Session) -> None:
    """The test suite with every extra on the lowest versions pyproject.toml declares (uv's
    lowest-direct resolution, wheels only), as CI runs it."""
    session.install(  # with the uv backend: uv pip install
        "--resolution=lowest-direct",
        "--only-binary=:all:",
        "--no-binary=cigref-ecf",
        ".[tests,pandas,fast,excel,dask,rdf,plot]",
    )
    session.run("pytest", *session.posargs, env={"HYPOTHESIS_PROFILE": "dev"})


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and format check."""
    session.install(".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src, tests and tools."""
    session.install("-e", ".[typing]")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly (into site/), then check it as a reader would: tests/test_docs.py,
    and tests/test_docs_browser.py in Chromium (``/usr/bin/chromium`` or ``$CHROMIUM``; its
    screenshots go to site-screenshots/).

    ``nox -s docs -- serve`` previews it instead, rebuilt on every change.
    """
    session.install(".[docs,tests,typing,browser]")
    session.env.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", *session.posargs[1:])
        return
    session.run("mkdocs", "build", "--strict", *session.posargs)
    session.run("mypy", "docs/hooks.py", "docs/griffe_roles.py", "docs/griffe_fields.py")
    session.run("pytest", "tests/test_docs.py", "tests/test_docs_browser.py")


@nox.session
def build(session: nox.Session) -> None:
    """Build the wheel and sdist, and check the wheel holds every data file and py.typed."""
    session.install("build")
    session.run("python", "-m", "build", "--outdir", "dist")
    wheels = sorted(glob.glob("dist/cigref_ecf-*.whl"))
    names = set(zipfile.ZipFile(wheels[-1]).namelist())
    expected = {
        "cigref_ecf/py.typed",
        "cigref_ecf/data/nomenclature.json",
        "cigref_ecf/data/nomenclature.schema.json",
    }
    data_files = {f"cigref_ecf/data/{p.split('/')[-1]}" for p in glob.glob("src/cigref_ecf/data/*")}
    missing = sorted((expected | data_files) - names)
    if missing:
        session.error(f"the wheel lacks {missing}")
    session.log(f"{wheels[-1]}: {len(names)} files, data complete")


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks (runner benchmarks/run.py, one module per group); write
    benchmarks/results.json and the docs page. The scale group measures Dask and Spark too
    (PySpark from PyPI; Spark needs a Java runtime, Java 17+, from the system).

    Extra arguments go to the script: ``nox -s bench -- --quick``.
    """
    session.install(".[tests,dask]", "pyspark>=3.5")
    session.run("python", "benchmarks/run.py", "--markdown", "docs/benchmarks.md", *session.posargs)


@nox.session
def spark(session: nox.Session) -> None:
    """The Spark recipes of the scale tutorial in local mode (tests/test_spark.py, which CI
    skips), then the scale benchmark alone (one process, Dask, Spark; its part of the docs
    page). Needs a Java runtime (Java 17+); PySpark comes from PyPI.
    ``nox -s spark -- --scale-sizes 100000,1000000`` picks the sizes.
    """
    session.install(".[tests,dask]", "pyspark>=3.5")
    session.run("java", "-version", external=True)
    session.run("pytest", "tests/test_spark.py")
    session.run(
        "python",
        "benchmarks/run.py",
        "--only",
        "scale",
        "--markdown",
        "docs/benchmarks.md",
        *session.posargs,
    )
