#!/usr/bin/env node
import { main } from '../dist/fmnist.js';

process.exitCode = await main(process.argv.slice(2));
