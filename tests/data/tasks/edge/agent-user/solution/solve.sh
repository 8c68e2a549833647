#!/usr/bin/env bash
id -u > /app/out.txt
