"""The answer engine: text normalisation, matching, answers, the engine snapshot and evaluation."""
