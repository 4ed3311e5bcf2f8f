package sparktune.report;

import java.io.Serializable;

/**
 * One generated continuation shown in the report.
 *
 * @param model model directory
 * @param checkpoint step-N or base
 * @param decoding decoding config name ("reference": the document's true continuation)
 * @param source corpus source of the prompt
 * @param promptIndex index of the prompt within its source
 * @param prompt prompt text
 * @param continuation generated text
 */
public record Sample(String model, String checkpoint, String decoding, String source, int promptIndex, String prompt,
    String continuation) implements Serializable {}
