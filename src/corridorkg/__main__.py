"""`python -m corridorkg` runs the command line."""
from .cli import main

main()
