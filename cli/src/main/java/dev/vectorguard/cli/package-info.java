/**
 * The {@code vectorguard} command line. Its public Java surface is only the entry point,
 * {@link dev.vectorguard.cli.VectorguardCli#main(String[])}; the commands, options and exit codes
 * are its interface.
 */
@PublicApi
package dev.vectorguard.cli;

import dev.vectorguard.PublicApi;
