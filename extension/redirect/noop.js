/* KeyVeil: a blocked script, answered with one that does nothing. */
