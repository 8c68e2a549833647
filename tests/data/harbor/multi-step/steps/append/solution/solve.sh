#!/bin/bash
echo beta >> /app/notes.txt
