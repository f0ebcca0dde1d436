"""Writes the OpenAPI document FastAPI generates for app.py to openapi.json
(run with the venv's python from this directory)."""

import json
import pathlib

from app import app

out = pathlib.Path(__file__).with_name("openapi.json")
out.write_text(json.dumps(app.openapi(), indent=2, sort_keys=False) + "\n")
