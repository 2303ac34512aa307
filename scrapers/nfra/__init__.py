"""Reading NFRA notices: detail envelopes, docClob tables, amounts, sanctions and enrichment."""
