#!/usr/bin/env bash
touch /app/half
