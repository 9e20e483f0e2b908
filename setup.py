"""The one thing pyproject.toml cannot say: `resources/` stays at the top of the repository
(the bundle, the tools and the tests name it there) but is installed inside the package, as
`digibord/resources/`, where `digibord.paths.resources_dir()` finds it in an installed copy.
Every folder under it is listed as a package of data so that setuptools copies it without a
warning. Everything else about the package is in pyproject.toml (docs/install.md)."""

from setuptools import find_namespace_packages, find_packages, setup

DATA = ["digibord.resources",
        *(f"digibord.resources.{name}" for name in find_namespace_packages("resources"))]

setup(
    packages=[*find_packages(include=["digibord", "digibord.*"]), *DATA],
    package_dir={"digibord.resources": "resources"},
    package_data={name: ["*"] for name in DATA},
)
