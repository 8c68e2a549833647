#!/usr/bin/env bash
echo "verifier ran but forgot the reward"
