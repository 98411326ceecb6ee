"""Reads of the interview app: the codebook as a tree (`codebook`), interviews and their
passages (`interviews`), and the counts of codes by segment or locality (`counts`)."""
