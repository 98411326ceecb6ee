"""Writes of the interview app: the codebook (`codebook`), interviews with their consent
and masked notes (`interviews`, reading uploads in `transcripts`), and coded passages
(`passages`)."""
