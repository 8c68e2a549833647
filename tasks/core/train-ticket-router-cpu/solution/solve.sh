#!/bin/bash
# Reference: feature engineering (UTC time parsing, normalised categories, out-of-fold token
# naive-Bayes scores and product target encodings) + a numpy multiclass histogram GBDT.
set -e
cp /solution/router.py /solution/train.py /solution/predict.py /app/
