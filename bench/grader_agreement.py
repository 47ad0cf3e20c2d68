"""Agreement of graded difficulty levels with labelled ones, over the items of two test
sets joined by id: exact share, share within one level, Spearman's rho (Pearson's r
of the ranks, tied values given their mean rank).

    python3 bench/grader_agreement.py LABELLED.jsonl GRADED.jsonl
"""
import json
import sys


def levels(path):
    with open(path, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return {record["id"]: record.get("difficulty") for record in records}


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            result[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return result


def pearson(x, y):
    n = len(x)
    mean_x, mean_y = sum(x) / n, sum(y) / n
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(x, y))
    spread_x = sum((a - mean_x) ** 2 for a in x) ** 0.5
    spread_y = sum((b - mean_y) ** 2 for b in y) ** 0.5
    return covariance / (spread_x * spread_y)


def main(labelled_path, graded_path):
    labelled, graded = levels(labelled_path), levels(graded_path)
    pairs = [(labelled[i], graded[i]) for i in labelled if labelled[i] and graded.get(i)]
    unlabelled = sum(1 for level in labelled.values() if not level)
    ungraded = sum(1 for i in labelled if labelled[i] and not graded.get(i))
    n = len(pairs)
    exact = sum(1 for a, b in pairs if a == b) / n
    within_one = sum(1 for a, b in pairs if abs(a - b) <= 1) / n
    rho = pearson(ranks([a for a, _ in pairs]), ranks([b for _, b in pairs]))
    print(f"{n} items with a label and a grade ({unlabelled} without a label, {ungraded} not graded)")
    print(f"exact agreement {exact:.3f}, within one level {within_one:.3f}, Spearman rho {rho:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
