"""The imperative shell: reading and writing workbooks, rendering, the command line."""
