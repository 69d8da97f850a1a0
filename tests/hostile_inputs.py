"""Hostile inputs several test modules use: small files that stand for huge things."""

from __future__ import annotations

#: 390 bytes of YAML whose aliases stand for 9¹⁰ ≈ 3.5 × 10⁹ values ("billion laughs").
BILLION_LAUGHS = "id: bomb\ntitle: bomb\n" + "".join(
    f"l{k}: &l{k} [{', '.join([f'*l{k - 1}' if k else 'lol'] * 9)}]\n" for k in range(10))


def wide_scenario(issues: int) -> str:
    """A scenario whose deal space has ``issues`` issues of two options: 2^issues outcomes."""
    lines = ["id: wide", "title: Wide", "actors: [{id: a, name: A}, {id: b, name: B}]", "issues:"]
    lines += [f"  - {{id: i{k}, name: I{k}, kind: discrete, options: [{{id: x, label: x}}, "
              f"{{id: y, label: y}}]}}" for k in range(issues)]
    lines += ["deal_space:", "  issues:"]
    lines += [f"    - {{issue: i{k}, options: [{{id: x, label: x, values: {{a: 1, b: 0}}}}, "
              f"{{id: y, label: y, values: {{a: 0, b: 1}}}}]}}" for k in range(issues)]
    return "\n".join(lines) + "\n"
