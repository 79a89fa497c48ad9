"""Accuracy of newsmon's extraction (metadata parser, entity mentions) against gold corpora nobody here wrote."""
