/** TensorBoard event files: TFRecord-framed {@code Event} protocol buffers holding a run's scalar curves. */
package sparktune.tensorboard;
