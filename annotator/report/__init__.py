"""Reports: everything written about a run besides the cleaned texts.

The report stage reads what the pipeline produced and never reaches back into
it: :mod:`.writers` streams finding rows to CSV/JSONL as articles finish.
"""
