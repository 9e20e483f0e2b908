"""Each report's presentation, declared once (`spec`, one module per report, the `registry`),
and `build`, which turns a computed result into the JSON rows and tables every surface renders:
the window, Excel, PDF, CSV, JSON and the command line's plain text."""
