# Near-duplicate pairs among the sampled first e-mails at three thresholds: fewer, and closer, as it rises.
keys = sample["thread_id"].tolist()
counts = {t: len(near_duplicates(keys, vectors, threshold=t)) for t in (0.95, 0.9, 0.8)}
counts
