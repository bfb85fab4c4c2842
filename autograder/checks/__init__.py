"""Reusable checks, run in the judge process on models loaded from `.keras` files.

`framework` runs a list of checks coarse to fine; `model` holds the checks
every builder exercise shares (type, inputs, outputs, parameters);
`graph` reads the wiring of a functional model from its public config (`graph.Flat`
with nested models opened); `outputs` names a model's outputs and the Dense
heads behind them;
`training` fits models on small seeded data.
"""
