/**
 * Schedules computed on the host and fed to the graph at every training step: {@link
 * org.vae4j.schedule.ConstantSchedule}, {@link org.vae4j.schedule.LinearWarmup} (KL warm-up) and {@link
 * org.vae4j.schedule.CyclicalSchedule} (cyclical annealing).
 */
package org.vae4j.schedule;
