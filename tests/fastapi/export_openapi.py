"""Writes the OpenAPI document FastAPI generates for app.py to openapi.json,
or to the path given as the first argument. Run it with the venv's python
from this directory after changing app.py, then `cargo xtask codegen`."""

import json
import pathlib
import sys

from app import app

default = pathlib.Path(__file__).with_name("openapi.json")
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
out.write_text(json.dumps(app.openapi(), indent=2) + "\n")
