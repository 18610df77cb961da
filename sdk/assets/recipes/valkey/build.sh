#!/bin/bash
echo "valkey recipe pending"; exit 1
