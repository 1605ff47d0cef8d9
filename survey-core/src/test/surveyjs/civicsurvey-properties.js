'use strict';
/*
 * Registers the custom property that CivicSurvey writes into its SurveyJS exports, so that the
 * SurveyJS model (and Survey Creator) loads them without "unknown property" warnings and keeps the
 * metadata when it saves the survey again.
 *
 * One property, "civicsurvey", holds a plain JSON object with what SurveyJS has no place for
 * (instrument identity and method, dimension hierarchy and weights, scale codes, choice scores).
 * It is hidden from Survey Creator's property grid. See docs/surveyjs.md.
 *
 * Usage in a portal:
 *   const { Serializer } = require('survey-core');   // or import { Serializer } from 'survey-core';
 *   require('./civicsurvey-properties').register(Serializer);
 */
const CLASSES = ['survey', 'page', 'panel', 'question', 'itemvalue'];

function register(Serializer) {
  for (const className of CLASSES) {
    if (!Serializer.findProperty(className, 'civicsurvey')) {
      Serializer.addProperty(className, { name: 'civicsurvey', visible: false, isSerializable: true });
    }
  }
}

module.exports = { register, CLASSES };
