"""The use cases of Digibord: what the window and the command line both do, each a plain
function the two call and neither re-implements — load an input (a file or a month of the
archive), compute a report, convert the salary, check payroll, export a report, import into the
archive. Options are typed and parsed here once, in one vocabulary.

Layering: formats ← reconcile ← reports ← export ← app ← commands / ui (archive beside);
no Qt here (the window wraps a use case in a worker job, see digibord/ui/worker.py)."""
