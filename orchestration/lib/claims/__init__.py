"""Claims and quotes: the figures an article states and the words it quotes, read from the sentences and mentions
the NER stage stored (text.py), by rules over spaCy's tokenizer, so no model runs again."""
