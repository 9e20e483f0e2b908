"""Tools for developing and testing Digibord that are never shipped: the generator of synthetic
borderel series (`synth`) and an in-memory keyring for the tests (`testing_keyring`).

The package lives beside `digibord/`, not in it: `pip install .` and the Windows bundle carry
only `digibord`. Tests, benchmarks and tools/ import it from the checkout."""
