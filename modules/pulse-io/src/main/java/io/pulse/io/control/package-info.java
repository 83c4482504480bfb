/** Plans and the directory as records of their compacted topics: {@link io.pulse.io.control.ControlRecords}. */
package io.pulse.io.control;
