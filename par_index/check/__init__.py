"""The check step: find every self-scoring weakness, with a code, a cell and a fix."""
