/** Unit tests of the access rules: the table, token hashes, forwarded identities, sessions. */
package io.pulse.app.access;
