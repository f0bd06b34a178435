/**
 * A user-defined encoder, written as code outside vae4j would write it: {@link com.example.custom.NormalizedConvEncoder}
 * implements {@link org.vae4j.nn.Encoder} with vae4j's layer blocks, and
 * {@link com.example.custom.CustomEncoderExample} trains, saves and reloads a model that uses it.
 */
package com.example.custom;
