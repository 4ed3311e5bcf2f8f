/** Typed, validated configuration: HOCON defaults, a config file and --set overrides. */
package sparktune.config;
