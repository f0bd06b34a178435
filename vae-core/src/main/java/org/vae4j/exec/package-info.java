/**
 * Graph execution, internal to vae4j: {@link org.vae4j.exec.ExecutionPlan} runs a fixed list of a graph's ops
 * without SameDiff's per-call session work; {@link org.vae4j.exec.GraphRunner} owns a model's graph, its plans and
 * the lock that serializes executions, and runs inference in chunks; {@link org.vae4j.exec.ImportanceSampling}
 * estimates log p(x) through it; {@link org.vae4j.exec.ThreadTeam} runs training's update on a fixed team of
 * threads; {@link org.vae4j.exec.OpenMpThreads} sets a thread's OpenMP count (the cores of oneDNN's products run
 * from it); {@link org.vae4j.exec.HostArrays} reads native arrays from Java for the small
 * elementwise jobs, which the plan runs on the JDK's Vector API ({@code Lanewise}, {@code PlanStep}, with
 * {@code FloatMath}'s exp and logarithm). Imports {@code graph} only; not part of the supported API.
 */
package org.vae4j.exec;
